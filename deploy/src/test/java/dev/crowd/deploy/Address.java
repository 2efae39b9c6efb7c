package dev.crowd.deploy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A cluster- or compose-local address in an environment value: scheme://host[:port] or host:port. */
record Address(String host, int port) {

    private static final Pattern ADDRESS = Pattern.compile("^(?:([a-z]+)://)?([a-z0-9][a-z0-9-]*)(?::(\\d+))?/?$");

    /** The address in {@code value}, empty when the value is no address (a word, a path, a flag). */
    static Optional<Address> parse(String value) {
        Matcher address = ADDRESS.matcher(value);
        if (!address.matches() || (address.group(1) == null && address.group(3) == null)) {
            return Optional.empty();
        }
        int port = address.group(3) != null ? Integer.parseInt(address.group(3))
                : "https".equals(address.group(1)) ? 443 : 80;
        return Optional.of(new Address(address.group(2), port));
    }
}
