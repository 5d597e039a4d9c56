package dev.rewind.secrets;

import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The process-wide {@link SecretRegistry#global()} outlives a test: a secret one test registered would be masked in
 * the next one's output, so a test could pass only after another. With {@code @ExtendWith(FreshSecrets.class)} a test
 * class starts with the registry as it was before it, each test method's registrations are forgotten after it
 * (what {@code @BeforeAll} registered stays for the class), and the class leaves the registry as it found it.
 */
public final class FreshSecrets implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FreshSecrets.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("class", SecretRegistry.global().snapshot());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("method", SecretRegistry.global().snapshot());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        restore(context, "method");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        restore(context, "class");
    }

    @SuppressWarnings("unchecked")
    private static void restore(ExtensionContext context, String key) {
        Set<String> before = (Set<String>) context.getStore(NS).remove(key, Set.class);
        if (before != null) SecretRegistry.global().restore(before);
    }
}
