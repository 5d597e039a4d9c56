package dev.rewind.act;

import java.util.List;

/** A router or deployer failed after changing some targets: which ones were switched, which were not. */
public class PartialSwitchException extends RuntimeException {
    private final List<String> switched;
    private final List<String> notSwitched;

    public PartialSwitchException(String message, List<String> switched, List<String> notSwitched, Throwable cause) {
        super(message + " (switched: " + switched + ", not switched: " + notSwitched + ")", cause);
        this.switched = List.copyOf(switched);
        this.notSwitched = List.copyOf(notSwitched);
    }

    public List<String> switched() { return switched; }

    public List<String> notSwitched() { return notSwitched; }
}
