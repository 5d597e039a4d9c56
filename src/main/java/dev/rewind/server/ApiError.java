package dev.rewind.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** DESIGN.md §3.5's one error shape: {@code {"error": {"code", "message", "field"}}} with the HTTP status it goes with. */
record ApiError(int status, String code, String message, String field) {

    Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (field != null) error.put("field", field);
        return Map.of("error", error);
    }

    static ApiError badRequest(String message, String field) {
        return new ApiError(400, "bad_request", message, field);
    }

    static ApiError unauthorized() {
        return new ApiError(401, "unauthorized", "a bearer token is required (Authorization: Bearer rwd_...); create one with 'rewind token create'", null);
    }

    static ApiError forbidden(String role, String needed) {
        return new ApiError(403, "forbidden", "this token's role (" + role + ") may not do this; it needs " + needed, null);
    }
}
