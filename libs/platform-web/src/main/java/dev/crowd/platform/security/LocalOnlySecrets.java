package dev.crowd.platform.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Refuses to start a service whose configuration still holds a committed local-only secret outside the
 * local stack. Every committed default secret contains {@link #MARKER}; the local stack ({@code ./crowd}
 * runs the services with the profiles {@code prod,local}), {@code dev} and {@code test} may use them, any
 * other deployment must set its own value (environment or Kubernetes secret), or the service stops here.
 */
@ApplicationScoped
public class LocalOnlySecrets {

    /** Part of every committed default secret (web session keys, Keycloak client secret, ...). */
    public static final String MARKER = "local-development-only";
    /** Profiles in which the committed defaults may be used. */
    static final Set<String> LOCAL_PROFILES = Set.of("local", "dev", "test");

    void check(@Observes StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        Map<String, String> values = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            try {
                config.getOptionalValue(name, String.class).ifPresent(value -> values.put(name, value));
            } catch (RuntimeException e) {
                // a value that cannot be expanded (unrelated to secrets): not ours to judge
            }
        }
        List<String> offending = offending(values, ConfigUtils.getProfiles());
        if (!offending.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + offending + " still hold the committed local-only "
                    + "default secret. Set them (see docs/security.md) or run with the 'local' profile.");
        }
    }

    /** The configuration keys whose value is a committed local-only secret, unless a local profile is active. */
    public static List<String> offending(Map<String, String> values, Collection<String> activeProfiles) {
        for (String profile : activeProfiles) {
            if (LOCAL_PROFILES.contains(profile)) {
                return List.of();
            }
        }
        List<String> keys = new ArrayList<>();
        values.forEach((key, value) -> {
            if (value != null && value.contains(MARKER)) {
                keys.add(key);
            }
        });
        return keys;
    }
}
