package dev.crowd.gateway.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the client is, from the TCP peer and {@code X-Forwarded-For}. Only hops the gateway trusts may
 * speak for the client: starting at the peer, the list is read right to left while the address at hand is
 * a trusted proxy, and the first address that is not one is the client. Everything to its left was written
 * by the client itself and is ignored, so a forged left-most value cannot pick a rate-limit bucket.
 */
public final class ClientAddress {

    private final List<Cidr> trusted;

    private ClientAddress(List<Cidr> trusted) {
        this.trusted = trusted;
    }

    /** {@code proxies}: addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1/128}). */
    public static ClientAddress trusting(List<String> proxies) {
        List<Cidr> parsed = new ArrayList<>();
        for (String proxy : proxies) {
            if (!proxy.isBlank()) {
                parsed.add(Cidr.parse(proxy.trim()));
            }
        }
        return new ClientAddress(List.copyOf(parsed));
    }

    /** The client's address given the TCP peer and the {@code X-Forwarded-For} header (may be null). */
    public String resolve(String peer, String forwardedFor) {
        String client = peer;
        if (forwardedFor == null || forwardedFor.isBlank()) {
            return client;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0 && isTrusted(client); i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty() || parse(hop) == null) {
                // A hop a trusted proxy would never write: stop at the last address we could vouch for.
                return client;
            }
            client = hop;
        }
        return client;
    }

    boolean isTrusted(String address) {
        byte[] bytes = parse(address);
        if (bytes == null) {
            return false;
        }
        for (Cidr cidr : trusted) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Numeric IPv4/IPv6 literals only (never a DNS lookup); null for anything else. */
    static byte[] parse(String address) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        boolean ipv4 = a.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = a.contains(":") && a.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] network = ClientAddress.parse(address);
            if (network == null) {
                throw new IllegalArgumentException("trusted proxy is not an IP address or CIDR block: " + text);
            }
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            return new Cidr(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
