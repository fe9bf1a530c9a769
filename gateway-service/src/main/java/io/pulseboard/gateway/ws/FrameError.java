package io.pulseboard.gateway.ws;

/** A client frame that cannot be used: answered with an {@code error} message, the connection stays open. */
final class FrameError extends Exception {

    static final String BAD_JSON = "bad_json";
    static final String BAD_REQUEST = "bad_request";
    static final String UNKNOWN_TYPE = "unknown_type";
    static final String BAD_GLOB = "bad_glob";
    static final String FRAME_TOO_LARGE = "frame_too_large";
    static final String RATE_LIMITED = "rate_limited";
    static final String TOO_MANY_SUBSCRIPTIONS = "too_many_subscriptions";
    static final String BINARY_FRAME = "binary_frame";

    private final String code;

    FrameError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
