package io.footbridge.feedback.survey;

import io.footbridge.feedback.CaseDesk;
import io.footbridge.feedback.CaseStatusChanged;
import io.footbridge.feedback.SurveyAnswered;
import io.footbridge.feedback.SurveyDesk;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feedback module with the modules it needs: a detractor's answer on the survey page publishes
 * {@link SurveyAnswered} and, since the survey opens cases, {@link CaseStatusChanged} for the case it opened; staff
 * moving the case publishes it again with the new status. Journeys and analytics are the modules meant to follow.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
// its own context, used by no other class: closed after it, so the suite does not hold its connections
@DirtiesContext
class FeedbackModuleTests {

    @Autowired
    private SurveyDesk surveys;
    @Autowired
    private SurveyPageService pages;
    @Autowired
    private CaseDesk cases;
    @Autowired
    private JdbcClient jdbc;

    @Test
    void aDetractorsAnswerPublishesSurveyAnsweredAndOpensACaseWhoseMovesArePublished(Scenario scenario) {
        UUID tenant = tenant();
        Actor admin = Actor.system(tenant, "module test", Set.of(Scope.values()));
        SurveyDesk.Survey survey = surveys.create(admin, new SurveyDesk.Draft("Module test", null, null, null, null,
                false, true, List.of()));
        SurveyPageService.Form shown = (SurveyPageService.Form) pages.openForm(survey.code(), null);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("state", shown.state());
        form.add("score", "3");
        form.add("comment", "The queue was long.");

        SurveyPageService.Page[] answered = new SurveyPageService.Page[1];
        scenario.stimulate(() -> answered[0] = pages.answerOpen(survey.code(), null, form, "192.0.2.17"))
                .andWaitForEventOfType(SurveyAnswered.class)
                .matching(event -> event.tenantId().equals(tenant))
                .toArriveAndVerify(event -> {
                    assertThat(event.surveyId()).isEqualTo(survey.id());
                    assertThat(event.score()).isEqualTo(3);
                    assertThat(event.group()).isEqualTo("detractor");
                });
        assertThat(answered[0]).isInstanceOf(SurveyPageService.Thanks.class);
        UUID caseId = surveys.answers(admin, survey.id(), null, 10, 0).get(0).caseId();
        assertThat(caseId).as("a case for the detractor").isNotNull();

        scenario.stimulate(() -> cases.move(admin, caseId, "in_progress", null))
                .andWaitForEventOfType(CaseStatusChanged.class)
                .matching(event -> event.tenantId().equals(tenant) && event.status().equals("in_progress"))
                .toArriveAndVerify(event -> assertThat(event.caseId()).isEqualTo(caseId));
    }

    @Test
    void anAnswerSentTwiceIsPublishedOnce(Scenario scenario, AssertablePublishedEvents published) {
        UUID tenant = tenant();
        Actor admin = Actor.system(tenant, "module test", Set.of(Scope.values()));
        SurveyDesk.Survey survey = surveys.create(admin, new SurveyDesk.Draft("Module test", null, null, null, null,
                false, false, List.of()));
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("state", ((SurveyPageService.Form) pages.openForm(survey.code(), null)).state());
        form.add("score", "10");

        scenario.stimulate(() -> pages.answerOpen(survey.code(), null, form, "192.0.2.18"))
                .andWaitForEventOfType(SurveyAnswered.class)
                .matching(event -> event.tenantId().equals(tenant))
                .toArriveAndVerify(event -> assertThat(event.group()).isEqualTo("promoter"));

        assertThat(pages.answerOpen(survey.code(), null, form, "192.0.2.18"))
                .as("the same form again is thanked for as the one answer it is")
                .isInstanceOf(SurveyPageService.Thanks.class);
        assertThat(published.ofType(SurveyAnswered.class).matching(event -> event.tenantId().equals(tenant)))
                .hasSize(1);
    }

    private UUID tenant() {
        UUID tenant = UUID.randomUUID();
        jdbc.sql("INSERT INTO tenant (id, name, created_at, updated_at) VALUES (:id, :name, :now, :now)")
                .param("id", tenant).param("name", "Module test " + tenant)
                .param("now", OffsetDateTime.now(ZoneOffset.UTC)).update();
        return tenant;
    }
}
