package io.flowproof.infra.trigger;

import io.flowproof.domain.ensure.TriggerFailure;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which hosts triggers may call. With an allow-list ({@code FLOWPROOF_OUTBOUND_ALLOWED_HOSTS}: exact host names or
 * IPs, or {@code *.example.com} for sub-domains) only those hosts; without one any host except cloud metadata
 * endpoints: link-local addresses (169.254.0.0/16, fe80::/10, which covers 169.254.169.254) and the well-known
 * metadata host names. Loopback stays allowed for local use and tests. A metadata host is only reachable by listing
 * it explicitly.
 *
 * <p>Names are resolved before the call and every address is checked; a DNS answer that changes between this check
 * and the connection (rebinding) is not covered: use the allow-list where that matters.
 */
public final class OutboundPolicy {

    private static final Set<String> METADATA_HOSTS = Set.of("metadata", "metadata.google.internal", "metadata.goog",
            "instance-data", "instance-data.ec2.internal");

    private final List<String> allowed;

    public OutboundPolicy(List<String> allowedHosts) {
        this.allowed = allowedHosts == null ? List.of() : allowedHosts.stream()
                .map(host -> host.strip().toLowerCase(Locale.ROOT)).filter(host -> !host.isEmpty()).toList();
    }

    /** Throws a non-retryable {@link TriggerFailure} when {@code uri} may not be called. Blocking (DNS). */
    public void check(URI uri) {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new TriggerFailure("Invalid trigger URL (no host): " + uri, false);
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!allowed.isEmpty()) {
            if (!isListed(host)) {
                throw new TriggerFailure("Host '" + host + "' is not in FLOWPROOF_OUTBOUND_ALLOWED_HOSTS", false);
            }
            return;
        }
        if (METADATA_HOSTS.contains(host)) {
            throw new TriggerFailure("Host '" + host + "' is a cloud metadata endpoint; list it in FLOWPROOF_OUTBOUND_ALLOWED_HOSTS "
                    + "to call it", false);
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLinkLocalAddress() || isEc2Ipv6Metadata(address)) {
                    throw new TriggerFailure("Host '" + host + "' resolves to the link-local address " + address.getHostAddress()
                            + " (cloud metadata); list it in FLOWPROOF_OUTBOUND_ALLOWED_HOSTS to call it", false);
                }
            }
        } catch (UnknownHostException e) {
            throw new TriggerFailure("Unknown host '" + host + "'", true);
        }
    }

    private boolean isListed(String host) {
        for (String entry : allowed) {
            if (entry.startsWith("*.") ? host.endsWith(entry.substring(1)) : host.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEc2Ipv6Metadata(InetAddress address) {
        return address.getHostAddress().equalsIgnoreCase("fd00:ec2:0:0:0:0:0:254");
    }
}
