package io.federa.shared.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints {@link DemoSettingsCheck}'s refusal as a plain "what is wrong, what to do", no stack trace. */
class DemoSettingsFailureAnalyzer extends AbstractFailureAnalyzer<DemoSettingsCheck.DemoSettingsRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DemoSettingsCheck.DemoSettingsRefusedException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set the settings named above (README, \"Configuration\"; as --key=value arguments or environment "
                        + "variables). For a demo with the demo realm, start with --spring.profiles.active=demo, as "
                        + "run.sh does.",
                cause);
    }
}
