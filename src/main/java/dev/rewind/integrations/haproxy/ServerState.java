package dev.rewind.integrations.haproxy;

import dev.rewind.model.ActionFailedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One server line of {@code show servers state <backend>}. Columns are found by the header's names, not
 * by position, so a later HAProxy that adds columns still parses.
 *
 * @param userWeight  the weight set by config or {@code set weight} (srv_uweight)
 * @param adminState  srv_admin_state bits: 0x01/0x02/0x04/0x20 maintenance, 0x08/0x10 drain
 * @param operational srv_op_state: 0 stopped, 1 starting, 2 running, 3 stopping
 */
public record ServerState(String name, int userWeight, int adminState, int operational) {
    private static final int MAINT_BITS = 0x01 | 0x02 | 0x04 | 0x20;
    private static final int DRAIN_BITS = 0x08 | 0x10;

    public boolean inMaintenance() {
        return (adminState & MAINT_BITS) != 0;
    }

    public boolean draining() {
        return (adminState & DRAIN_BITS) != 0;
    }

    /** Stopped: its health check failed, so HAProxy sends it nothing whatever its weight or admin state. */
    public boolean stopped() {
        return operational == 0;
    }

    /** The weight new requests see: a drained, maintained or stopped server gets none, whatever its weight says. */
    public int effectiveWeight() {
        return inMaintenance() || draining() || stopped() ? 0 : userWeight;
    }

    static List<ServerState> parse(String answer, String backend, String address) {
        String[] lines = answer.strip().split("\n");
        int header = -1;
        for (int i = 0; i < lines.length && header < 0; i++) if (lines[i].startsWith("# ")) header = i;
        if (header < 0) {
            throw new ActionFailedException("HAProxy at " + address + " answered 'show servers state " + backend
                    + "' with '" + answer.strip() + "'; expected a '# be_id be_name ...' header");
        }
        List<String> columns = Arrays.asList(lines[header].substring(2).trim().split("\\s+"));
        int name = column(columns, "srv_name", answer), uweight = column(columns, "srv_uweight", answer);
        int admin = column(columns, "srv_admin_state", answer), op = column(columns, "srv_op_state", answer);
        int be = column(columns, "be_name", answer);
        List<ServerState> servers = new ArrayList<>();
        for (int i = header + 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < columns.size() || !f[be].equals(backend)) continue;
            servers.add(new ServerState(f[name], Integer.parseInt(f[uweight]), Integer.parseInt(f[admin]), Integer.parseInt(f[op])));
        }
        return servers;
    }

    private static int column(List<String> columns, String wanted, String answer) {
        int i = columns.indexOf(wanted);
        if (i < 0) throw new ActionFailedException("HAProxy's 'show servers state' has no column " + wanted + ": " + answer.strip());
        return i;
    }
}
