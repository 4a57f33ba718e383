#!/usr/bin/env python3
"""boto3 against cmd/awssim: SQS, SNS, Lambda, CloudWatch, Auto Scaling (with EC2 launch templates)
and Elastic Beanstalk through a client nobody here wrote,
with virtual time moved through the control API between calls.

Usage: python3 scripts/boto3_check.py http://127.0.0.1:PORT
(scripts/boto3-check.sh starts the server on a free port and runs this.)
"""

import datetime
import json
import sys
import threading
import time
import urllib.parse
import urllib.request

import boto3

endpoint = sys.argv[1]


def control(method, path):
    req = urllib.request.Request(endpoint + "/_awssim/" + path, method=method)
    with urllib.request.urlopen(req) as res:
        return json.load(res)


def client(name):
    return boto3.client(
        name,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def check(cond, what):
    if not cond:
        sys.exit("boto3 check failed: " + what)
    print("ok  ", what)


sqs = client("sqs")
sns = client("sns")

start = control("GET", "clock")
check(start["mode"] == "virtual", "the server runs on virtual time")

url = sqs.create_queue(QueueName="boto3-jobs")["QueueUrl"]
check(url in sqs.list_queues()["QueueUrls"], "create_queue then list_queues")

sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=30)
check("Messages" not in sqs.receive_message(QueueUrl=url), "a delayed message is not receivable yet")
control("POST", "clock/advance?by=30s")
got = sqs.receive_message(QueueUrl=url).get("Messages", [])
check([m["Body"] for m in got] == ["later"], "it is after advancing the clock 30s")
sqs.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])

# A long poll waits on virtual time: it returns when a message arrives,
# not because real seconds passed.
result = {}


def poll():
    result["r"] = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20)


def start_poll():
    """Starts a long poll and returns once it waits on the clock."""
    t = threading.Thread(target=poll)
    t.start()
    deadline = time.monotonic() + 10
    while control("GET", "clock")["blocked"] < 1:
        if time.monotonic() > deadline:
            sys.exit("boto3 check failed: the long poll never waited on the clock")
        time.sleep(0.01)
    return t


t = start_poll()
sqs.send_message(QueueUrl=url, MessageBody="now")
t.join(10)
check(not t.is_alive(), "a long poll returns when a message arrives")
got = result["r"].get("Messages", [])
check([m["Body"] for m in got] == ["now"], "with the message")
sqs.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])

# And it ends when the clock passes its wait.
t = start_poll()
control("POST", "clock/advance?by=20s")
t.join(10)
check(not t.is_alive() and "Messages" not in result["r"], "a long poll ends empty when the clock passes its wait")

# SNS fan-out to the queue, on the same port and account.
arn = sns.create_topic(Name="boto3-topic")["TopicArn"]
queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
sns.publish(TopicArn=arn, Message="fan-out")
got = sqs.receive_message(QueueUrl=url).get("Messages", [])
check([m["Body"] for m in got] == ["fan-out"], "sns publish reaches the subscribed queue")

try:
    sqs.get_queue_url(QueueName="missing")
    sys.exit("boto3 check failed: get_queue_url of a missing queue succeeded")
except sqs.exceptions.QueueDoesNotExist:
    check(True, "a missing queue is boto3's QueueDoesNotExist")

# SQS's older query protocol, as a hand-written client sends it: a form
# POSTed to the queue's path, answered in XML.
form = urllib.parse.urlencode({"Action": "SendMessage", "Version": "2012-11-05", "MessageBody": "by query"}).encode()
req = urllib.request.Request(endpoint + urllib.parse.urlsplit(url).path, data=form,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
with urllib.request.urlopen(req) as res:
    body = res.read().decode()
check("<MD5OfMessageBody>" in body and 'xmlns="http://queue.amazonaws.com/doc/2012-11-05/"' in body,
      "SQS's query protocol answers SendMessage in XML")
got = sqs.receive_message(QueueUrl=url).get("Messages", [])
check([m["Body"] for m in got] == ["by query"], "and boto3 receives what it sent")

# CloudWatch, which botocore speaks in Smithy RPC v2 CBOR: metrics in,
# statistics and alarm states out, on the virtual clock.
cw = client("cloudwatch")
now = datetime.datetime.fromisoformat(control("GET", "clock")["now"].replace("Z", "+00:00"))
minute = now.replace(second=0, microsecond=0)
cw.put_metric_alarm(AlarmName="boto3-deep", Namespace="Boto3", MetricName="Depth", Statistic="Maximum",
                    Period=60, EvaluationPeriods=1, Threshold=10, ComparisonOperator="GreaterThanThreshold")
cw.put_metric_data(Namespace="Boto3", MetricData=[
    {"MetricName": "Depth", "Timestamp": minute, "Value": 7, "Unit": "Count"},
    {"MetricName": "Depth", "Timestamp": minute, "Values": [20, 30], "Counts": [1, 2], "Unit": "Count"},
])
control("POST", "clock/advance?by=2m")
stats = cw.get_metric_statistics(Namespace="Boto3", MetricName="Depth", StartTime=minute,
                                 EndTime=minute + datetime.timedelta(minutes=1), Period=60,
                                 Statistics=["Sum", "Maximum", "SampleCount"])["Datapoints"]
check(len(stats) == 1 and stats[0]["Sum"] == 87 and stats[0]["Maximum"] == 30 and stats[0]["SampleCount"] == 4,
      "cloudwatch put_metric_data then get_metric_statistics")
alarms = cw.describe_alarms(AlarmNames=["boto3-deep"])["MetricAlarms"]
check(len(alarms) == 1 and alarms[0]["StateValue"] == "ALARM", "the alarm is in ALARM after the clock moved")
try:
    cw.set_alarm_state(AlarmName="missing", StateValue="OK", StateReason="x")
    sys.exit("boto3 check failed: set_alarm_state of a missing alarm succeeded")
except cw.exceptions.ResourceNotFound:
    check(True, "a missing alarm is boto3's ResourceNotFound")

# Auto Scaling, with the launch template made through EC2's own protocol:
# the group launches, its instance boots on the virtual clock.
ec2 = client("ec2")
asg = client("autoscaling")
ec2.create_launch_template(LaunchTemplateName="boto3-web",
                           LaunchTemplateData={"ImageId": "ami-12345678", "InstanceType": "t3.micro"})
for name in ["boto3-a", "boto3-b", "boto3-c"]:
    asg.create_auto_scaling_group(AutoScalingGroupName=name, LaunchTemplate={"LaunchTemplateName": "boto3-web"},
                                  MinSize=1, MaxSize=2, AvailabilityZones=["us-east-1a"])
pages = asg.get_paginator("describe_auto_scaling_groups").paginate(PaginationConfig={"PageSize": 2})
groups = [g for page in pages for g in page["AutoScalingGroups"]]
check([g["AutoScalingGroupName"] for g in groups] == ["boto3-a", "boto3-b", "boto3-c"],
      "autoscaling create_auto_scaling_group, and describe in pages of two")
control("POST", "clock/advance?by=2m")
group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["boto3-a"])["AutoScalingGroups"][0]
check([i["LifecycleState"] for i in group["Instances"]] == ["InService"], "its instance is in service after two minutes")
try:
    asg.create_auto_scaling_group(AutoScalingGroupName="boto3-a", LaunchTemplate={"LaunchTemplateName": "boto3-web"},
                                  MinSize=1, MaxSize=2, AvailabilityZones=["us-east-1a"])
    sys.exit("boto3 check failed: a group was created twice")
except asg.exceptions.AlreadyExistsFault:
    check(True, "a second group of the name is boto3's AlreadyExistsFault")

# Elastic Beanstalk: a version from an S3 location (the server's stand-in
# web server), an environment that is Ready once the clock has moved.
eb = client("elasticbeanstalk")
eb.create_application_version(ApplicationName="boto3-shop", VersionLabel="v1", AutoCreateApplication=True,
                               SourceBundle={"S3Bucket": "builds", "S3Key": "shop.zip"})
env = eb.create_environment(ApplicationName="boto3-shop", EnvironmentName="boto3-shop-prod", VersionLabel="v1")
check(env["Status"] == "Launching", "elasticbeanstalk create_environment is Launching")
control("POST", "clock/advance?by=5m")
env = eb.describe_environments(EnvironmentNames=["boto3-shop-prod"])["Environments"][0]
check((env["Status"], env["Health"]) == ("Ready", "Green"), "and Ready and Green five minutes later")
with urllib.request.urlopen(urllib.request.Request(endpoint + "/", headers={"Host": env["CNAME"]})) as res:
    served = res.read().decode()
check(served == "awssim: builds/shop.zip", "its CNAME serves the version's stand-in web server")
try:
    eb.delete_application(ApplicationName="boto3-shop")
    sys.exit("boto3 check failed: an application with a running environment was deleted")
except eb.exceptions.OperationInProgressException:
    check(True, "deleting its application is boto3's OperationInProgressException")

# Lambda: a function created with boto3 runs the server's stand-in, an echo.
lam = client("lambda")
fn = lam.create_function(FunctionName="boto3-echo", Role="arn:aws:iam::000000000000:role/echo",
                         Runtime="python3.13", Handler="app.handler", Code={"ZipFile": b"PK\x03\x04"})
check(fn["FunctionName"] == "boto3-echo", "lambda create_function makes the function")
res = lam.invoke(FunctionName="boto3-echo", Payload=json.dumps({"n": 7}).encode())
check(json.load(res["Payload"]) == {"n": 7}, "and invoke answers with the stand-in's echo")
try:
    lam.get_function(FunctionName="boto3-missing")
    sys.exit("boto3 check failed: a missing function was found")
except lam.exceptions.ResourceNotFoundException:
    check(True, "a missing function is boto3's ResourceNotFoundException")

control("POST", "reset")
check(sqs.list_queues().get("QueueUrls", []) == [], "reset starts over")
print("boto3 check: ok")
