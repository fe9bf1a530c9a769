package io.pulseboard.aggregator.api;

import io.pulseboard.model.Problem;

/**
 * A request the API refuses, with the problem+json answer to give. Resources throw it for bad
 * parameters (400), missing things (404) and conflicts (409); {@link ProblemMappers} writes it.
 */
public class ApiException extends RuntimeException {

    private final transient Problem problem;

    public ApiException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(Problem.of(400, "Bad request", detail));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(Problem.of(404, "Not found", detail));
    }

    public static ApiException conflict(String detail) {
        return new ApiException(Problem.of(409, "Conflict", detail));
    }

    public Problem problem() {
        return problem;
    }
}
