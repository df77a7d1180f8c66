package org.cpmmss.james.security;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of IP networks ({@code 127.0.0.0/8}, {@code 10.1.2.3}, {@code ::1}, {@code fd00::/8}), parsed once;
 * {@link #contains(InetAddress)} tells whether an address is in one of them. Only literal addresses, never
 * host names (no DNS lookup at configuration or connection time).
 */
public final class Networks {
    private record Network(BigInteger base, int prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length * 8 != bits) {
                return false;
            }
            BigInteger a = new BigInteger(1, address);
            return a.shiftRight(bits - prefix).equals(base.shiftRight(bits - prefix));
        }
    }

    private final List<Network> networks;
    private final String text;

    private Networks(List<Network> networks, String text) {
        this.networks = List.copyOf(networks);
        this.text = text;
    }

    /** Parses a comma- or space-separated list; an empty list contains nothing. */
    public static Networks parse(String list) {
        List<Network> out = new ArrayList<>();
        for (String item : list.trim().split("[,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            String[] parts = item.split("/", 2);
            if (!parts[0].matches("[0-9A-Fa-f:.]+") || !(parts[0].contains(".") || parts[0].contains(":"))) {
                throw new IllegalArgumentException("not an IP address or network: " + item);
            }
            byte[] address;
            try {
                address = InetAddress.getByName(parts[0]).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address or network: " + item, e);
            }
            int bits = address.length * 8;
            int prefix;
            try {
                prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in " + item, e);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("bad prefix length in " + item);
            }
            out.add(new Network(new BigInteger(1, address), prefix, bits));
        }
        return new Networks(out, list.trim());
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return networks.stream().anyMatch(n -> n.contains(bytes));
    }

    @Override
    public String toString() {
        return text;
    }
}
