package io.pulseboard.gateway.auth;

/** What a bearer token may do. */
public enum Role {
    /** Subscribe, and read the API (GET, HEAD). */
    VIEWER,
    /** Everything a viewer may, and change: rules, acknowledgements (every method under /api). */
    OPERATOR;

    public boolean mayUse(String httpMethod) {
        return this == OPERATOR
                || "GET".equals(httpMethod)
                || "HEAD".equals(httpMethod)
                || "OPTIONS".equals(httpMethod);
    }
}
