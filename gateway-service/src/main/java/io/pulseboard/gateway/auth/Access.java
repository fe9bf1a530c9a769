package io.pulseboard.gateway.auth;

import io.pulseboard.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who a request is: the bearer token (the {@code Authorization} header, or the {@code token} query
 * parameter for browsers, which cannot set headers on a WebSocket) against the configured tokens. Tokens
 * are compared as SHA-256 digests with {@link MessageDigest#isEqual}, every configured token each time,
 * so the time taken says nothing about how close a guess was, nor about a token's length.
 */
@ApplicationScoped
public class Access {

    /** The query parameter that carries a token. */
    public static final String TOKEN_PARAMETER = "token";

    private record Known(byte[] digest, Role role) {}

    private final List<Known> tokens = new ArrayList<>();

    public Access(GatewayConfig config) {
        config.auth().viewerTokens().orElse(List.of()).forEach(t -> add(t, Role.VIEWER));
        config.auth().operatorTokens().orElse(List.of()).forEach(t -> add(t, Role.OPERATOR));
    }

    private void add(String token, Role role) {
        if (!token.isBlank()) {
            tokens.add(new Known(digest(token), role));
        }
    }

    /** True when tokens are configured: every /ws and /api request then needs one. */
    public boolean enabled() {
        return !tokens.isEmpty();
    }

    /** The role of a request's token; empty when it has none or an unknown one. */
    public Optional<Role> roleOf(HttpServerRequest request) {
        return tokenOf(request).flatMap(this::roleOf);
    }

    /** The role of a token; empty when it is unknown. */
    public Optional<Role> roleOf(String token) {
        byte[] given = digest(token);
        Role found = null;
        for (Known known : tokens) {
            // No early exit: every comparison is made.
            if (MessageDigest.isEqual(given, known.digest()) && (found == null || known.role() == Role.OPERATOR)) {
                found = known.role();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The bearer token of a request, from the header or the {@code token} query parameter. */
    public static Optional<String> tokenOf(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim());
        }
        return Optional.ofNullable(request.getParam(TOKEN_PARAMETER));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
