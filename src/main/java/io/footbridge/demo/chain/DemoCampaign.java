package io.footbridge.demo.chain;

import io.footbridge.audiences.Campaigns;
import io.footbridge.messaging.MessageTemplates;
import io.footbridge.platform.Actor;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The marketer's new-season mailing three weeks ago to everyone who allows email, a fifth held out, made through
 * the same services as the console's campaign screens; the chain then brings some of those who got it back to the
 * till, so the campaign page shows a lift over the holdout.
 */
@Component
class DemoCampaign {

    static final int HOLDOUT_PERCENT = 20;

    private final Campaigns campaigns;
    private final MessageTemplates templates;

    DemoCampaign(Campaigns campaigns, MessageTemplates templates) {
        this.campaigns = campaigns;
        this.templates = templates;
    }

    /** Sends the mailing as of {@code at}; answers the people it went to (not those held out). */
    Set<UUID> send(Actor admin, UUID segmentId, Instant at) {
        templates.save(admin, "new-season", "email", "en", new MessageTemplates.Draft("The new season is in store",
                "<p>Hello,</p><p>the new season has arrived in our stores: come and try it on.</p>",
                "Hello,\n\nthe new season has arrived in our stores: come and try it on."));
        Campaigns.Campaign campaign = campaigns.create(admin, new Campaigns.Draft("New season mailing", segmentId,
                "email", List.of(), "new-season", null, HOLDOUT_PERCENT, null, null));
        campaigns.send(admin, campaign.id(), at);
        return reached(admin, campaign.id());
    }

    private Set<UUID> reached(Actor admin, UUID campaignId) {
        Set<UUID> reached = new HashSet<>();
        UUID after = null;
        while (true) {
            List<UUID> page = campaigns.recipients(admin, campaignId, false, after, 1000);
            reached.addAll(page);
            if (page.size() < 1000) {
                return reached;
            }
            after = page.get(page.size() - 1);
        }
    }
}
