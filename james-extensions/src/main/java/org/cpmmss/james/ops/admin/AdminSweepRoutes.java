package org.cpmmss.james.ops.admin;

import java.util.Optional;

import javax.inject.Inject;

import org.cpmmss.james.ops.ExpirySweepTrigger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import spark.Service;

/**
 * {@code POST /cpm/admin/sweep}: runs the expiry sweep of temporary objects now and answers how many it removed
 * ({@code 501} when this build has no sweeper).
 */
public class AdminSweepRoutes implements AdminRoutes.Group {
    private final Optional<ExpirySweepTrigger> sweeper;

    @Inject
    public AdminSweepRoutes(Optional<ExpirySweepTrigger> sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public void define(Service service, AdminRoutes routes) {
        service.post(AdminRoutes.BASE + "/sweep", routes.json((req, res) -> sweep()));
    }

    private ObjectNode sweep() throws Exception {
        if (sweeper.isEmpty()) {
            throw AdminProblem.notImplemented("the expiry sweeper is not part of this build");
        }
        ObjectNode out = AdminRoutes.JSON.createObjectNode();
        out.put("removed", sweeper.get().sweepNow());
        return out;
    }
}
