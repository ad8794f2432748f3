package io.pushgateway.emulator;

import java.util.List;

/**
 * What the emulator saw of one Firebase project, i.e. of v1 sends to
 * {@code /v1/projects/<project>/messages:send}.
 *
 * @param sends       answered send requests, whatever their status (outages and 401s included)
 * @param deliveries  success answers to real sends
 * @param validations success answers to dry runs ({@code validate_only: true})
 * @param accounts    the service accounts ({@code client_email}, the JWT {@code iss} of the grant)
 *                    whose access tokens authorized sends to this project, sorted
 */
public record ProjectStats(long sends, long deliveries, long validations, List<String> accounts) {

    static final ProjectStats NONE = new ProjectStats(0, 0, 0, List.of());

    public ProjectStats {
        accounts = List.copyOf(accounts);
    }
}
