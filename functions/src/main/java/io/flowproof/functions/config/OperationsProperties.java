package io.flowproof.functions.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Flow files, secrets and notifications (under {@code flowproof.*}; environment {@code FLOWPROOF_*}, see
 * application.yaml for the Business-Use fallbacks).
 *
 * @param flowsDir the flow files ({@code FLOWPROOF_FLOWS_DIR}, default {@code .business-use} in the working directory)
 * @param flowsSyncOnStart sync the flows directory when the app starts (if it exists)
 * @param slackWebhookUrl a Slack incoming webhook ({@code FLOWPROOF_SLACK_WEBHOOK_URL} / {@code BUSINESS_USE_SLACK_WEBHOOK_URL})
 * @param webhookUrl a generic JSON webhook ({@code FLOWPROOF_WEBHOOK_URL})
 * @param notifyThrottleSeconds skip a notification for the same (flow, status) within this many seconds; 0 = off
 * @param awsSecretId an AWS Secrets Manager secret (a JSON object of secrets) ({@code FLOWPROOF_AWS_SECRET_ID})
 * @param awsRegion its region, when not the SDK's default ({@code FLOWPROOF_AWS_REGION})
 * @param awsEndpoint another Secrets Manager endpoint, e.g. LocalStack ({@code FLOWPROOF_AWS_ENDPOINT})
 */
@ConfigurationProperties("flowproof")
public record OperationsProperties(
        @DefaultValue(".business-use") Path flowsDir,
        @DefaultValue("true") boolean flowsSyncOnStart,
        String slackWebhookUrl,
        String webhookUrl,
        @DefaultValue("0") long notifyThrottleSeconds,
        String awsSecretId,
        String awsRegion,
        String awsEndpoint) {}
