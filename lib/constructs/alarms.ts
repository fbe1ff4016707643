import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

export interface NotifyingAlarmProps {
  readonly metric: IMetric;
  /** What broke and what to do about it: ops read this in the notification. */
  readonly description: string;
  /** Alarms when the metric goes above this (default 0: any error, any message in a DLQ). */
  readonly threshold?: number;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
}

/** A CloudWatch alarm that notifies the region's alarm topic; no data means nothing is wrong. */
export function notifyingAlarm(scope: Construct, id: string, topic: ITopic, props: NotifyingAlarmProps): Alarm {
  const alarm = new Alarm(scope, id, {
    metric: props.metric,
    threshold: props.threshold ?? 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: props.evaluationPeriods ?? 1,
    datapointsToAlarm: props.datapointsToAlarm,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription: props.description,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
