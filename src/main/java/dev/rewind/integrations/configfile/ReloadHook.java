package dev.rewind.integrations.configfile;

/** Tells a service to read its restored config file; returns what it did, for the journal. */
interface ReloadHook {

    String reload();
}
