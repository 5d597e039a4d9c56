package dev.rewind.report.notify;

/** Renders a notification into one channel's message (Argo's template): pure, no I/O, sizes bounded. */
@FunctionalInterface
public interface Template<M> {
    M render(Notification notification);
}
