package dev.rewind.act;

/** A feature-flag service: the kill switch turned off first in a rollback (Unleash, flagd, the built-in store). */
public interface FlagSwitch {

    boolean isEnabled(String flag);

    void disable(String flag);

    void enable(String flag);
}
