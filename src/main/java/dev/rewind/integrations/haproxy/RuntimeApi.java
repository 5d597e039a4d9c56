package dev.rewind.integrations.haproxy;

/**
 * HAProxy's runtime API: one text command in, HAProxy's text answer out. A port so a test can stand
 * between the router and a real HAProxy (to cut the line halfway through a switch).
 */
public interface RuntimeApi {

    /** Sends one command and returns HAProxy's whole answer; throws UnreachableException when the socket is gone. */
    String execute(String command);

    /** Where the socket is (a path or host:port), for error messages; never holds credentials. */
    String address();
}
