package io.footbridge.journeys.flow;

import io.footbridge.platform.BackgroundWork;
import org.springframework.stereotype.Component;

/** Lets whoever puts a person in a journey run their first steps now rather than at the runner's next turn. */
@Component
class DueWake {

    private volatile BackgroundWork.Recurring runner;

    void set(BackgroundWork.Recurring runner) {
        this.runner = runner;
    }

    void wake() {
        BackgroundWork.Recurring r = runner;
        if (r != null) {
            r.wake();
        }
    }
}
