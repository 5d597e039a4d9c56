package dev.rewind.cli;

import dev.rewind.model.BadInputException;
import dev.rewind.store.ApiTokens;
import dev.rewind.store.ApiTokens.Role;
import dev.rewind.store.RewindStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** API tokens for {@code rewind serve}: created here (shown once, stored as a hash), listed, revoked. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Create, list and revoke the REST API's bearer tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static String actor() {
        return System.getProperty("user.name", "operator");
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token and print it once; Rewind keeps only its hash.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOption storeOption = new StoreOption();

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator or admin")
        String role;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "who or what uses it (shown in the audit trail)")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Role r = Role.parse(role);
            if (r == null) throw new BadInputException("--role", 0, "role", "expected viewer, operator or admin, found '" + role + "'");
            if (!name.matches("[A-Za-z0-9._@-]{1,64}")) throw new BadInputException("--name", 0, "name", "expected 1-64 letters, digits, . _ @ -");
            RewindStore store = storeOption.open(spec.commandLine().getErr());
            ApiTokens.Created c = store.tokens().create(name, r, actor(), Instant.now());
            store.audit().append(actor(), "token.created", c.token().id(), "name=" + name + " role=" + r.label());
            PrintWriter out = spec.commandLine().getOut();
            out.println(c.secret());
            out.flush();
            spec.commandLine().getErr().println("token " + c.token().id() + " (" + name + ", " + r.label() + ") created; it is shown once, above."
                    + " Use it as: Authorization: Bearer <token>");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        StoreOption storeOption = new StoreOption();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-18s %-20s %-9s %-26s %s%n", "ID", "NAME", "ROLE", "CREATED", "REVOKED");
            for (var t : storeOption.open(spec.commandLine().getErr()).tokens().list()) {
                out.printf("%-18s %-20s %-9s %-26s %s%n", t.id(), t.name(), t.role().label(), t.createdAt(), t.revokedAt() == null ? "-" : t.revokedAt());
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token at once.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        StoreOption storeOption = new StoreOption();

        @Parameters(paramLabel = "ID")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            RewindStore store = storeOption.open(spec.commandLine().getErr());
            if (!store.tokens().revoke(id, Instant.now())) throw new BadInputException("ID", 0, "id", "no active token '" + id + "'");
            store.audit().append(actor(), "token.revoked", id, "");
            spec.commandLine().getOut().println("revoked " + id);
            return 0;
        }
    }
}
