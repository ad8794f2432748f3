package io.pushgateway.emulator;

import java.util.List;

/**
 * What one answered send request adds to the {@link EmulatorStats}: the targets it addressed (all
 * of one kind), the ones among them that got a success answer, and the ones a dry run found valid
 * (a dry run delivers nothing).
 */
record SendTally(TargetKind kind, List<String> attemptedTargets, List<String> deliveredTargets,
                 List<String> validatedTargets) {

    private static final SendTally NOTHING = new SendTally(TargetKind.TOKEN, List.of(), List.of(), List.of());

    SendTally {
        attemptedTargets = List.copyOf(attemptedTargets);
        deliveredTargets = List.copyOf(deliveredTargets);
        validatedTargets = List.copyOf(validatedTargets);
    }

    /** For answers given without reading any target, e.g. a 401 or malformed JSON. */
    static SendTally noTargets() {
        return NOTHING;
    }

    static SendTally attemptedOnly(TargetKind kind, List<String> targets) {
        return targets.isEmpty() ? NOTHING : new SendTally(kind, targets, List.of(), List.of());
    }

    /** One target answered with success: delivered, or on a dry run only validated. */
    static SendTally succeeded(TargetKind kind, String target, boolean dryRun) {
        List<String> one = List.of(target);
        return dryRun ? new SendTally(kind, one, List.of(), one) : new SendTally(kind, one, one, List.of());
    }
}
