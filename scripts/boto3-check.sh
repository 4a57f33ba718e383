#!/usr/bin/env bash
# Starts cmd/awssim on a free loopback port and runs boto3 and a few AWS
# CLI commands against it. Skips, with a message, where python3 with boto3
# (or the AWS CLI) is missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! python3 -c 'import boto3' 2>/dev/null; then
	echo "skip: python3 with boto3 not found (pip install boto3 to run this check)"
	exit 0
fi

tmp=$(mktemp -d)
go build -o "$tmp/awssim" ./cmd/awssim
"$tmp/awssim" -port 0 >"$tmp/out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT

endpoint=
for _ in $(seq 100); do
	endpoint=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/out" || true)
	[[ -n "$endpoint" ]] && break
	sleep 0.1
done
if [[ -z "$endpoint" ]]; then
	echo "cmd/awssim did not start:" >&2
	cat "$tmp/out" >&2
	exit 1
fi
echo "cmd/awssim at $endpoint"

python3 scripts/boto3_check.py "$endpoint"

if ! command -v aws >/dev/null; then
	echo "skip: the AWS CLI (aws) not found"
	exit 0
fi
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
aws --endpoint-url "$endpoint" sqs create-queue --queue-name cli-jobs >/dev/null
url=$(aws --endpoint-url "$endpoint" sqs get-queue-url --queue-name cli-jobs --output text --query QueueUrl)
aws --endpoint-url "$endpoint" sqs send-message --queue-url "$url" --message-body hello --delay-seconds 60 >/dev/null
body=$(aws --endpoint-url "$endpoint" sqs receive-message --queue-url "$url" --output text --query 'Messages[0].Body')
[[ "$body" == None || -z "$body" ]] || { echo "aws cli: a delayed message was received: $body" >&2; exit 1; }
curl -fsS -X POST "$endpoint/_awssim/clock/advance?by=60s" >/dev/null
body=$(aws --endpoint-url "$endpoint" sqs receive-message --queue-url "$url" --output text --query 'Messages[0].Body')
[[ "$body" == hello ]] || { echo "aws cli: expected hello after advancing, got $body" >&2; exit 1; }
aws --endpoint-url "$endpoint" sns create-topic --name cli-topic >/dev/null
aws --endpoint-url "$endpoint" ec2 create-launch-template --launch-template-name cli-web \
	--launch-template-data '{"ImageId":"ami-12345678","InstanceType":"t3.micro"}' >/dev/null
aws --endpoint-url "$endpoint" autoscaling create-auto-scaling-group --auto-scaling-group-name cli-web \
	--launch-template LaunchTemplateName=cli-web --min-size 1 --max-size 1 --availability-zones us-east-1a
desired=$(aws --endpoint-url "$endpoint" autoscaling describe-auto-scaling-groups --auto-scaling-group-names cli-web \
	--output text --query 'AutoScalingGroups[0].DesiredCapacity')
[[ "$desired" == 1 ]] || { echo "aws cli: expected a desired capacity of 1, got $desired" >&2; exit 1; }
aws --endpoint-url "$endpoint" elasticbeanstalk create-application --application-name cli-shop >/dev/null
apps=$(aws --endpoint-url "$endpoint" elasticbeanstalk describe-applications --output text --query 'Applications[].ApplicationName')
[[ "$apps" == *cli-shop* ]] || { echo "aws cli: expected cli-shop among the applications, got $apps" >&2; exit 1; }
echo "aws cli check: ok"
