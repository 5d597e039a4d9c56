package dev.rewind.config;

/** A config and the resolver for its raw settings (which keep their ${VAR} until used). */
public record LoadedConfig(RewindConfig config, SettingResolver settings) {
}
