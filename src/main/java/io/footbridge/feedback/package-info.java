/**
 * Feedback: hosted surveys (NPS, a comment and a few questions of the marketer's) reached from a receipt, a QR code
 * or a message, answered once; what follows an answer (a coupon, a review invitation for promoters, a complaint
 * case for detractors, tracked to resolution with a status page for the customer); and NPS per store and period
 * with its confidence interval. Other modules hear of answers and cases through
 * {@link io.footbridge.feedback.SurveyAnswered} and {@link io.footbridge.feedback.CaseStatusChanged}; everything
 * else is internal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Feedback",
        allowedDependencies = {"platform", "capture", "consent", "identity", "messaging", "offers", "receipts"})
package io.footbridge.feedback;
