package dev.rewind.report.notify;

import java.util.Objects;

/**
 * One configured destination: a template that renders and a transport that delivers, kept apart so that a new
 * event needs no change here and a new channel needs no change to any other. {@code secrets} are the values
 * this channel's records and errors must never show.
 *
 * @param name the config's name for it ("slack", "oncall", ...)
 * @param type slack, pagerduty, email, webhook, github
 */
public record Channel<M>(String name, String type, Template<M> template, Transport<M> transport, Secrets secrets) {

    public Channel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(transport, "transport");
        secrets = secrets == null ? Secrets.none() : secrets;
    }

    /** A message rendered once, to be delivered (and re-delivered on retry) as it is. */
    @FunctionalInterface
    public interface Prepared {
        Receipt deliver() throws DeliveryFailure;
    }

    public Prepared prepare(Notification n) {
        M message = template.render(n);
        return () -> transport.deliver(message);
    }

    @Override
    public String toString() {
        return "Channel[" + name + ", " + type + "]"; // never the transport: it holds the endpoint and its credentials
    }
}
