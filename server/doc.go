// Package server speaks the AWS wire protocols over awssim's in-memory
// services, as one http.Handler, so that unchanged AWS clients
// (aws-sdk-go-v2, boto3, the AWS CLI) talk to the simulators.
//
// # Usage
//
// [New] takes the services to serve, one option each ([WithSQS],
// [WithSNS], [WithCloudWatch], [WithLambda], [WithELB], [WithAutoScaling],
// [WithEC2], [WithBeanstalk]), and returns a
// [Server], which is
// an http.Handler. [Server.Client] is an *http.Client that calls the handler
// in process, with no socket, for the AWS SDK for Go:
//
//	clk := sim.NewClock(start)
//	queues := sqs.New(sqs.WithClock(clk))
//	srv := server.New(server.WithSQS(queues))
//	client := awssqs.NewFromConfig(cfg, func(o *awssqs.Options) {
//		o.BaseEndpoint = aws.String("http://awssim")
//		o.HTTPClient = srv.Client()
//	})
//
// SNS and SQS share the handler, as they share LocalStack's single port.
// Give them one account, so that an sqs subscription delivers to the
// queue the SQS client reads:
//
//	queues := sqs.New(sqs.WithClock(clk))
//	topics := sns.New(sns.WithAccount(queues.Account()))
//	srv := server.New(server.WithSQS(queues), server.WithSNS(topics))
//	snsClient := awssns.NewFromConfig(cfg, func(o *awssns.Options) {
//		o.BaseEndpoint = aws.String("http://awssim")
//		o.HTTPClient = srv.Client()
//	})
//
// A Lambda function's code is a Go handler, so it is made with the Go
// API, or over the wire with CreateFunction when [WithLambda] is given a
// [FunctionCode], which finds the Go code for the ZIP file, S3 object or
// image the request names; code under test then calls it with the SDK's
// Lambda client, which is all it knows (the handler runs in process, in
// virtual time):
//
//	fns := lambda.New(lambda.WithAccount(queues.Account()), lambda.WithSQS(queues))
//	fns.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: "resize", Role: role, Code: lambda.Code{Handler: resize}})
//	srv := server.New(server.WithSQS(queues), server.WithLambda(fns, nil))
//	lambdaClient := awslambda.NewFromConfig(cfg, func(o *awslambda.Options) {
//		o.BaseEndpoint = aws.String("http://awssim")
//		o.HTTPClient = srv.Client()
//	})
//
// The same holds for what an Auto Scaling instance or a Beanstalk
// environment runs: a launch template's Backend and an application
// version's source bundle are Go values. A group whose launch template
// is made with the Go API needs nothing more; for clients that make
// their own, [WithEC2] serves EC2's launch template operations and its
// [Images] gives each ImageId its program, and [WithBeanstalk]'s
// [SourceBundles] gives each S3 location that CreateApplicationVersion
// names its bundle:
//
//	envs := beanstalk.New(beanstalk.WithClock(clk))
//	srv := server.New(
//		server.WithAutoScaling(envs.AutoScaling()),
//		server.WithEC2(envs.AutoScaling(), func(image string) *autoscaling.LaunchTemplateData {
//			return &autoscaling.LaunchTemplateData{Backend: newWebServer}
//		}),
//		server.WithBeanstalk(envs, func(bucket, key string) *beanstalk.SourceBundle {
//			if bucket == "builds" && key == "shop-v1.zip" {
//				return &beanstalk.SourceBundle{Server: newShop}
//			}
//			return nil // AWS's "Unable to download from S3 location"
//		}),
//	)
//
// This is also the adapter for code written against the SDK's client
// interfaces: it runs unchanged on the Go API's services, through the
// SDK's own serializers, with nothing to write per operation.
//
// # Authentication and accounts
//
// By default the handler accepts every request, signed or not, and checks
// no signature. [WithCredentials] makes it require AWS Signature Version 4
// with one of the access keys it is given, each mapped to an account ID,
// and serves each request with the services of its key's account, so that
// accounts are kept apart as in AWS. Give each account's services their
// own cloud.Account with its ID:
//
//	a := cloud.New(cloud.WithClock(clk), cloud.WithAccountID("111111111111"))
//	b := cloud.New(cloud.WithClock(clk), cloud.WithAccountID("222222222222"))
//	srv := server.New(
//		server.WithSQS(sqs.New(sqs.WithAccount(a))),
//		server.WithSQS(sqs.New(sqs.WithAccount(b))),
//		server.WithCredentials(
//			server.Credentials{AccessKeyID: "AKIDA", SecretAccessKey: "secret-a", AccountID: "111111111111"},
//			server.Credentials{AccessKeyID: "AKIDB", SecretAccessKey: "secret-b", AccountID: "222222222222"},
//		),
//	)
//
// The signature is verified as AWS does, with the standard library alone:
// in the Authorization header or in a presigned URL's query string, over
// the method, the path (each segment encoded twice), the sorted query,
// the signed headers and the SHA-256 of the body (or UNSIGNED-PAYLOAD
// when X-Amz-Content-Sha256 says so), with the key derived from the
// secret for the credential scope's day, region (the account's) and
// service ("sqs", "sns", "monitoring", "lambda",
// "elasticloadbalancing", "autoscaling", "ec2", "elasticbeanstalk"). Refusals are AWS's, in each protocol's error
// form: MissingAuthenticationToken (403) without a signature,
// InvalidClientTokenId (403) for an unknown key or a session token other
// than the key's, SignatureDoesNotMatch (403) for a wrong signature or
// scope, with the canonical request and string to sign in the message as
// AWS writes them, and IncompleteSignature (400) for a malformed one.
//
// The time stamp (X-Amz-Date, or a Date header) must be within 15 minutes
// of the clock of the key's account, either way; otherwise the request
// gets SignatureDoesNotMatch with AWS's "Signature expired: … is now
// earlier than …" (or "not yet current"). Every response carries a Date
// header from that clock, as AWS's do, and the SDKs correct their clock
// skew from it: a client that signs with the machine's time against a
// virtual clock elsewhere is refused once, corrects its skew and signs
// again, as against AWS with a wrong system clock.
//
// An SQS request whose QueueUrl (or, in the query protocol, whose path)
// names a queue of another account the server serves reaches that
// account's queue, as AWS routes by the URL, and is allowed only when
// the queue's Policy lets the key's account do the action
// ([sqs.Service.Authorize]): otherwise it gets SQS's AccessDenied (403).
// A batch needs the permission of what it batches (sqs:SendMessage for
// SendMessageBatch), and the actions SQS keeps to a queue's owner
// (SetQueueAttributes, DeleteQueue, the tag and permission operations)
// are refused whatever the policy says. An SNS request whose TopicArn
// names another account's topic is decided the same way, by the topic's
// access policy ([sns.Service.Authorize]; AWS's default lets in only the
// owner), and refused with SNS's AuthorizationError (403); a Lambda
// request whose path names another account's function by its ARN (full
// or partial) by the function's resource policy
// ([lambda.Service.Authorize]), for Invoke (lambda:InvokeFunction),
// GetFunction, GetFunctionConfiguration and GetPolicy, refused with
// AccessDeniedException (403).
//
// The same handler serves other clients over a socket with net/http (or
// net/http/httptest.NewServer in a test): give them its address as the
// endpoint URL. The command cmd/awssim does that on 127.0.0.1, with a
// control API for the virtual clock beside the handler.
//
// # Protocols and operations
//
// Amazon SQS, with the AWS JSON 1.0 protocol (POST, X-Amz-Target:
// AmazonSQS.Operation, Content-Type: application/x-amz-json-1.0), the one
// current SDKs use: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue,
// GetQueueAttributes, SetQueueAttributes, PurgeQueue, TagQueue,
// UntagQueue, ListQueueTags, SendMessage, SendMessageBatch,
// ReceiveMessage, DeleteMessage, DeleteMessageBatch,
// ChangeMessageVisibility, ChangeMessageVisibilityBatch,
// ListDeadLetterSourceQueues, StartMessageMoveTask,
// CancelMessageMoveTask and ListMessageMoveTasks. Each is the
// [sqs.Service] method of the same name: the rules, limits and errors are
// the sqs package's.
//
// Amazon SNS, with the AWS query protocol (POST, Content-Type:
// application/x-www-form-urlencoded, a body of Action=Operation&
// Version=2010-03-31 and the operation's parameters), the only one SNS
// has: CreateTopic, DeleteTopic, ListTopics, GetTopicAttributes,
// SetTopicAttributes, Subscribe, ConfirmSubscription, Unsubscribe,
// ListSubscriptions, ListSubscriptionsByTopic, GetSubscriptionAttributes,
// SetSubscriptionAttributes, Publish, PublishBatch, TagResource,
// UntagResource and ListTagsForResource, each the [sns.Service] method of
// the same name. Parameters are read as the SDKs encode them: lists as
// Name.member.N, maps as Name.entry.N.key and .value, message attributes
// as MessageAttributes.entry.N.Name and .Value.DataType, .StringValue and
// .BinaryValue (base64). Responses are XML, <OperationResponse> with the
// result in <OperationResult> and the request ID in <ResponseMetadata>;
// errors are an <ErrorResponse> with the fault (Type Sender or Receiver),
// the sns package's code and message and the request ID, with the status
// AWS sends, so aws-sdk-go-v2 returns its typed errors
// (*types.NotFoundException). GET requests for the URLs SNS puts in its
// messages (the SubscribeURL, UnsubscribeURL and SigningCertURL, with the
// handler's address for SNS's host) are served by [sns.Service.Handler].
//
// Amazon SQS also with its older query protocol (Action=Operation&
// Version=2012-11-05, form-encoded in a POST or in a GET's query string),
// as aws-sdk-go v1, old boto3 and hand-written clients send it: the same
// operations, with the queue's URL in QueueUrl or as the request's path
// (POST /ACCOUNT/NAME). Parameters are read as SQS's query model names
// them: flattened lists (AttributeName.N, MessageAttributeName.N,
// MessageSystemAttributeName.N, TagKey.N; a list of one also unindexed,
// AttributeName=All), Attribute.N.Name and .Value, Tag.N.Key and .Value,
// MessageAttribute.N.Name and .Value.DataType, .StringValue and
// .BinaryValue, and batch entries as SendMessageBatchRequestEntry.N.Id
// and so on. Responses are XML in the namespace
// http://queue.amazonaws.com/doc/2012-11-05/, with flattened <Message>,
// <Attribute>, <MessageAttribute>, <QueueUrl>, <Tag> and batch result
// elements (an operation without output has no <OperationResult>);
// errors are an <ErrorResponse> with the fault, the query protocol's
// code (AWS.SimpleQueueService.NonExistentQueue, QueueAlreadyExists), the
// message and an empty <Detail/>, as the SQS API reference shows them.
//
// Amazon CloudWatch, with the Smithy RPC v2 CBOR protocol that
// aws-sdk-go-v2 and botocore now send (POST
// /service/GraniteServiceVersion20100801/operation/Operation,
// Smithy-Protocol: rpc-v2-cbor, a CBOR document in and out, timestamps
// as tag 1): PutMetricData, GetMetricStatistics, GetMetricData,
// ListMetrics, PutMetricAlarm, PutCompositeAlarm, DescribeAlarms,
// DescribeAlarmsForMetric, DescribeAlarmHistory, DeleteAlarms,
// SetAlarmState, EnableAlarmActions and DisableAlarmActions, each the
// [cloudwatch.Service] method of the same name, with its NextToken
// (DescribeAlarms, DescribeAlarmHistory, ListMetrics) as the cloudwatch
// package pages. Errors are a CBOR
// document with __type (the model's shape,
// "com.amazonaws.cloudwatch#ResourceNotFound") and message, and
// CloudWatch's x-amzn-query-error header ("ResourceNotFound;Sender"), so
// the SDK returns its typed errors (*types.ResourceNotFound). The same
// operations are served with AWS JSON 1.0 (X-Amz-Target:
// GraniteServiceVersion20100801.Operation, timestamps as epoch seconds),
// which botocore (boto3, the AWS CLI) sends, with errors as for SQS's
// JSON, and with the query protocol of older clients
// (Action=Operation&Version=2010-08-01, lists as NAME.member.N,
// timestamps in ISO 8601; XML responses in the namespace
// http://monitoring.amazonaws.com/doc/2010-08-01/, lists as <member>
// elements, errors an <ErrorResponse> with the code), all three of which
// the model lists.
//
// Elastic Load Balancing v2, with the AWS query protocol (Version
// 2015-12-01; XML responses in the namespace
// http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/, lists as
// <member> elements): CreateLoadBalancer, DeleteLoadBalancer,
// DescribeLoadBalancers, ModifyLoadBalancerAttributes,
// DescribeLoadBalancerAttributes, CreateListener, ModifyListener,
// DeleteListener, DescribeListeners, CreateRule, ModifyRule, DeleteRule,
// DescribeRules, SetRulePriorities, CreateTargetGroup,
// DeleteTargetGroup, DescribeTargetGroups, ModifyTargetGroup,
// ModifyTargetGroupAttributes, DescribeTargetGroupAttributes,
// RegisterTargets, DeregisterTargets, DescribeTargetHealth, AddTags,
// RemoveTags and DescribeTags, each the [elb.Service] method of the same
// name, the Describe operations paged by PageSize, Marker and NextMarker
// as the elb package pages them. And the Classic Load Balancer API
// (Version 2012-06-01, namespace
// http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/) over the
// same service: CreateLoadBalancer, DeleteLoadBalancer,
// DescribeLoadBalancers, CreateLoadBalancerListeners,
// DeleteLoadBalancerListeners, ConfigureHealthCheck,
// RegisterInstancesWithLoadBalancer, DeregisterInstancesFromLoadBalancer,
// DescribeInstanceHealth, ModifyLoadBalancerAttributes and
// DescribeLoadBalancerAttributes, each the [elb.Classic] method of the
// same name. Errors are an <ErrorResponse> with the fault, ELB's code
// (LoadBalancerNotFound, TargetGroupNotFound, DuplicateLoadBalancerName,
// ValidationError, …) and the status ELB sends, so the SDKs return their
// typed errors (*types.LoadBalancerNotFoundException, and for the Classic
// API *types.AccessPointNotFoundException). Load balancers serve
// requests through the Go API ([elb.Service.Handler]), not over the
// handler: their DNS names resolve nowhere.
//
// Amazon EC2 Auto Scaling, with the AWS query protocol (Version
// 2011-01-01; XML responses in the namespace
// http://autoscaling.amazonaws.com/doc/2011-01-01/, lists as <member>
// elements, timestamps in ISO 8601, durations in whole seconds):
// CreateAutoScalingGroup, UpdateAutoScalingGroup,
// DeleteAutoScalingGroup, DescribeAutoScalingGroups,
// DescribeAutoScalingInstances, SetDesiredCapacity, SetInstanceHealth,
// SetInstanceProtection, TerminateInstanceInAutoScalingGroup,
// PutScalingPolicy, DescribePolicies, DeletePolicy, ExecutePolicy,
// PutScheduledUpdateGroupAction, DescribeScheduledActions,
// DeleteScheduledAction, PutLifecycleHook, DescribeLifecycleHooks,
// DeleteLifecycleHook, CompleteLifecycleAction,
// RecordLifecycleActionHeartbeat, StartInstanceRefresh,
// CancelInstanceRefresh, DescribeInstanceRefreshes, EnterStandby,
// ExitStandby, AttachInstances, DetachInstances,
// AttachLoadBalancerTargetGroups, DetachLoadBalancerTargetGroups,
// DescribeLoadBalancerTargetGroups, AttachLoadBalancers,
// DetachLoadBalancers, DescribeLoadBalancers,
// PutNotificationConfiguration, DescribeNotificationConfigurations,
// DeleteNotificationConfiguration, EnableMetricsCollection,
// DisableMetricsCollection, SuspendProcesses, ResumeProcesses and
// DescribeScalingActivities, each the [autoscaling.Service] method of
// the same name. The Describe operations that AWS pages take MaxRecords
// (AWS's default and bound for each: 50 or 100) and NextToken, and answer
// with the NextToken of the rest, which resumes at the item it names
// wherever the listing has moved it (at its old position if it is
// gone); a token no listing gave is InvalidNextToken. Errors are an <ErrorResponse> with the fault, the
// autoscaling package's code (ValidationError, AlreadyExists,
// ResourceInUse, ScalingActivityInProgress, LimitExceeded,
// InstanceRefreshInProgress, ActiveInstanceRefreshNotFound) and the
// status AWS sends, so the SDKs return their typed errors
// (*types.AlreadyExistsFault). A required number or flag that the
// request leaves out (MinSize, DesiredCapacity,
// ShouldDecrementDesiredCapacity, …) is AWS's ValidationError "Value null
// at 'minSize' failed to satisfy constraint: Member must not be null".
//
// Amazon EC2's launch template operations, with the EC2 query protocol
// (Version 2016-11-15; XML responses in the namespace
// http://ec2.amazonaws.com/doc/2016-11-15/ without a result element,
// members in lower camel case, lists as <item> elements, and errors a
// <Response><Errors><Error> with the code and message and a <RequestID>):
// CreateLaunchTemplate, CreateLaunchTemplateVersion,
// DescribeLaunchTemplates, ModifyLaunchTemplate (SetDefaultVersion) and
// DeleteLaunchTemplate, each the [autoscaling.Service] method of the
// same name, with EC2's codes (InvalidLaunchTemplateName.AlreadyExistsException,
// InvalidLaunchTemplateName.NotFoundException, …). Of the launch
// template data, ImageId and InstanceType are read; the image's program
// is what [Images] gives for its ImageId.
//
// AWS Elastic Beanstalk, with the AWS query protocol (Version
// 2010-12-01; XML responses in the namespace
// http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/):
// CreateApplication, DescribeApplications, DeleteApplication,
// CreateApplicationVersion, DescribeApplicationVersions,
// DeleteApplicationVersion, CreateConfigurationTemplate,
// UpdateConfigurationTemplate, DeleteConfigurationTemplate,
// DescribeConfigurationOptions, DescribeConfigurationSettings,
// ValidateConfigurationSettings, CreateEnvironment, UpdateEnvironment,
// TerminateEnvironment, RebuildEnvironment, DescribeEnvironments,
// DescribeEnvironmentResources, DescribeEnvironmentHealth,
// DescribeInstancesHealth, DescribeEvents, RestartAppServer,
// AbortEnvironmentUpdate, SwapEnvironmentCNAMEs, CheckDNSAvailability,
// ListTagsForResource, UpdateTagsForResource and
// UpdateApplicationResourceLifecycle, each the [beanstalk.Service]
// method of the same name, the Create operations with their Tags; DescribeApplicationVersions and DescribeEnvironments page by
// MaxRecords and NextToken when MaxRecords is given, DescribeEvents as
// the beanstalk package pages it. CreateApplicationVersion's source
// bundle is what [SourceBundles] gives for its SourceBundle.S3Bucket and
// .S3Key (the location ("", "") without a SourceBundle, AWS's sample
// application); a location it has no bundle for is AWS's
// InvalidParameterCombination "Unable to download from S3 location
// (Bucket: … Key: …). Reason: Not Found". Errors carry the beanstalk
// package's codes (InvalidParameterValue, MissingParameter,
// TooManyApplicationsException, OperationInProgressFailure, …), so the
// SDKs return their typed errors
// (*types.OperationInProgressException). Environments serve requests
// through the Go API ([beanstalk.Service.Handler]): their CNAMEs resolve
// nowhere.
//
// AWS Lambda, with the REST-JSON protocol (an operation is a method and a
// path under its API version, its parameters in the path, the query
// string, headers and a JSON body): Invoke (POST
// /2015-03-31/functions/NAME/invocations, with X-Amz-Invocation-Type and
// X-Amz-Client-Context; the response is the function's payload with
// X-Amz-Function-Error and X-Amz-Executed-Version, status 200, 202 or
// 204), GetFunction, GetFunctionConfiguration, ListFunctions,
// UpdateFunctionConfiguration, DeleteFunction, PublishVersion,
// ListVersionsByFunction, CreateAlias, GetAlias, ListAliases, UpdateAlias,
// DeleteAlias, PutFunctionConcurrency, GetFunctionConcurrency,
// DeleteFunctionConcurrency, CreateEventSourceMapping,
// GetEventSourceMapping, ListEventSourceMappings,
// UpdateEventSourceMapping, DeleteEventSourceMapping, and AddPermission,
// GetPolicy and RemovePermission (…/functions/NAME/policy, with the
// Qualifier, and RemovePermission's RevisionId, in the query string),
// each the lambda.Service method of the same name. Errors carry their code in the
// X-Amzn-ErrorType header and a body of Type (User or Service) and
// message, and a throttle's Reason, so aws-sdk-go-v2 returns its typed
// errors (*types.ResourceNotFoundException,
// *types.TooManyRequestsException with its Reason).
//
// A request goes to the service its protocol names: with X-Amz-Target to
// the AWS JSON service of its prefix (AmazonSQS,
// GraniteServiceVersion20100801), with a form-encoded body
// (or a GET with an Action in its query string) to SNS, SQS,
// CloudWatch, ELB v2, the Classic ELB API, Auto Scaling, Elastic
// Beanstalk or EC2 when its Version is that service's (2010-03-31,
// 2012-11-05, 2010-08-01, 2015-12-01, 2012-06-01, 2011-01-01,
// 2010-12-01, 2016-11-15),
// or when it has no Version and its Action is one that service serves
// (the first of them, in that order), with a path
// under /service/GraniteServiceVersion20100801/operation/ to CloudWatch,
// and with a path under one of Lambda's API versions (/2015-03-31/,
// /2017-10-31/, /2019-09-30/) to Lambda.
//
// SQS responses are those of AWS: MD5OfMessageBody and
// MD5OfMessageAttributes as AWS computes them (the SDKs check them), an
// x-amzn-RequestId header, and errors with the status AWS sends, a JSON
// body whose __type is the error's shape in the model
// ("com.amazonaws.sqs#QueueDoesNotExist") with its message, and SQS's
// x-amzn-query-error header
// ("AWS.SimpleQueueService.NonExistentQueue;Sender"), from which the SDKs
// take the error code. So aws-sdk-go-v2 returns its typed errors
// (*types.QueueDoesNotExist) with ErrorCode() as against AWS.
//
// Queue URLs are the sqs package's, https://sqs.REGION.amazonaws.com/ACCOUNT/NAME,
// whatever address the handler is reached at: clients send them back in
// the request body, so they need not point at the handler. A queue URL of
// another host whose path is /ACCOUNT/NAME (one a tool built from the
// handler's address) names the same queue.
//
// # Time
//
// The handler reads no clock of its own: every instant is the
// service's, the Date header of its responses and the age of a signature
// included. A
// ReceiveMessage with WaitTimeSeconds blocks its request until a message
// arrives or the wait ends on the service's clock, so with a *[sim.Clock]
// a test advances the clock from another goroutine while the client waits
// (after [sim.Clock.BlockUntil] reports the poll waiting). When the request's
// context is done first (the client gave up), the poll is withdrawn.
//
// # Determinism
//
// Request IDs are UUID-shaped strings drawn from a counter and the seed
// named "server" of the account of the first service given to [New]
// ([WithSeed] sets another):
// the same seed and the same requests give the same IDs. Maps are written
// in key order, so a response is the same byte for byte from run to run.
//
// # Concurrency
//
// A Server is safe for concurrent use. It keeps no state but a request
// counter, a cache of queue URLs and one of the Date header, and holds no lock while a service
// runs an operation.
//
// # Differences from AWS
//
//   - Without [WithCredentials] there is no authentication: requests are
//     accepted signed with SigV4 or unsigned, the signature is not
//     checked, and every request reaches the one service of each kind
//     given, whatever their accounts.
//   - With it, a key reaches its own account's services and nothing
//     else but another account's SQS queues and SNS topics, as their
//     policies allow: there are no IAM policies (a key may do anything in
//     its own account), a key stands for its account's root (a policy
//     naming an IAM user or role of it does not match), an SNS
//     subscription ARN, the Lambda operations other than those four, a
//     CloudWatch alarm of another account and GetQueueUrl's
//     QueueOwnerAWSAccountId are not reached, and there is no sts. Only
//     AWS4-HMAC-SHA256 is verified (not SigV4a nor Signature Version 2).
//     X-Amz-Expires of a presigned URL is not enforced, as AWS's services
//     other than S3 do not: the 15-minute window applies. AWS also lists
//     RequestExpired among its common errors; the services answer a stale
//     SigV4 time stamp with SignatureDoesNotMatch, and so does the
//     handler. The links in SNS's messages (SubscribeURL,
//     UnsubscribeURL, SigningCertURL) are followed unsigned, as in AWS,
//     and reach the account their ARN names.
//   - Query requests (SNS's, SQS's, CloudWatch's, ELB's, Auto Scaling's,
//     Elastic Beanstalk's and EC2's) are served as a POST with a
//     form-encoded body or a GET with the parameters in its query
//     string; parameters in a POST's URL are ignored. A repeated
//     parameter takes its first value; a list or map ends at the first
//     missing index. Malformed forms get MalformedQueryString, a bad
//     boolean, integer or base64 value InvalidParameterValue, an unknown
//     Action InvalidAction (400). The query protocol's older message body
//     forms (a text/plain body as the message) are not read. The
//     reserved StringListValue and BinaryListValue members of SQS message
//     attributes are ignored, as in the JSON protocol.
//   - SNS's platform application, SMS sandbox and opt-out, permission
//     (AddPermission, RemovePermission) and data protection operations
//     (GetDataProtectionPolicy, PutDataProtectionPolicy) are not served
//     (InvalidAction); Publish to a PhoneNumber goes to the sns package's
//     outbox.
//   - SQS's AddPermission and RemovePermission are not served
//     (UnknownOperationException in JSON, InvalidAction in the query
//     protocol), since the sqs package does not simulate permissions.
//   - Errors that have no shape of their own in the SQS model
//     (InvalidParameterValue, MissingParameter) carry their code in
//     __type ("com.amazonaws.sqs#InvalidParameterValue"); the SDKs report
//     the same code as against AWS, from x-amzn-query-error.
//   - Malformed JSON and members of the wrong type get a
//     SerializationException (com.amazon.coral.service namespace); AWS's
//     front end words its messages differently.
//   - ReceiveMessage's deprecated AttributeNames member is honoured for the
//     message system attribute names in it (added to
//     MessageSystemAttributeNames); queue attribute names there are
//     ignored. The reserved StringListValues and BinaryListValues of
//     message attributes are ignored.
//   - A long poll whose client goes away is withdrawn and answered with an
//     InternalFailure that nobody reads; through [Server.Client] the call
//     returns the context's error.
//   - CloudWatch's operations beyond those above (dashboards, anomaly
//     detectors, insight rules, metric streams, tags, …) get an
//     UnknownOperationException (InvalidAction in the query protocol).
//     The request's Smithy-Protocol header is not checked. Members the
//     cloudwatch package does not simulate (EntityMetricData,
//     StrictEntityValidation, GetMetricData's LabelOptions, ListMetrics'
//     IncludeLinkedAccounts and OwningAccount) are ignored; a query
//     parameter of the wrong type gets an InvalidParameterValue.
//   - ELB's operations that the elb package does not simulate
//     (DescribeSSLPolicies, DescribeAccountLimits, trust stores, the
//     Classic API's policies, tags, subnets and availability zones
//     operations, …) get an InvalidAction. Members the elb package does
//     not take are ignored: CreateLoadBalancer's SubnetMappings and
//     CustomerOwnedIpv4Pool, CreateListener's AlpnPolicy and
//     MutualAuthentication, the Classic CreateLoadBalancer's Tags, and
//     authenticate-oidc and authenticate-cognito action configs. Outputs
//     carry what the elb package keeps: no CanonicalHostedZoneId, and
//     the Classic DescribeLoadBalancers has no Policies,
//     BackendServerDescriptions, SourceSecurityGroup or
//     CanonicalHostedZoneName. A parameter of the wrong type (a
//     PageSize that is not a number) gets an InvalidParameterValue, where
//     AWS words its ValidationError.
//   - Request bodies over [MaxRequestSize] are refused with 413.
//   - A Lambda function's code is a Go handler, so CreateFunction runs
//     the code its [FunctionCode] finds for the request's Code (without
//     one it is refused with InvalidParameterValueException), and only
//     the members [lambda.CreateFunctionInput] has are taken (no
//     VpcConfig, ImageConfig, TracingConfig, EphemeralStorage, logging or
//     SnapStart). UpdateFunctionCode is not served
//     (UnknownOperationException, 404), nor are the event invoke
//     configuration, provisioned concurrency, tags, layers and function
//     URL operations. GetFunction's Code.Location is a placeholder URL.
//     X-Amz-Log-Type: Tail is ignored (the lambda package keeps no logs),
//     so no X-Amz-Log-Result comes back.
//   - Auto Scaling's operations that the autoscaling package does not
//     simulate (warm pools, traffic sources, launch configurations, tags,
//     BatchPutScheduledUpdateGroupAction, the Describe…Types and account
//     operations, predictive forecasts) get an InvalidAction (400).
//     Parameters the package does not take (VPCZoneIdentifier, Filters,
//     Tags, OnDemandAllocationStrategy, instance weights, …) are ignored:
//     a group needs AvailabilityZones. Groups are described with no Tags,
//     suspended processes without a SuspensionReason, enabled metrics at
//     the granularity 1Minute, and instances without WeightedCapacity.
//   - Of EC2, only the five launch template operations are served (the
//     others get an InvalidAction, 400), DescribeLaunchTemplates in one
//     page (MaxResults, NextToken and Filter are ignored), and DryRun,
//     ClientToken and TagSpecification are ignored. Of the launch template
//     data only ImageId and InstanceType are read and written back, and
//     no createdBy is written.
//   - Elastic Beanstalk's operations that the beanstalk package does not
//     simulate (platforms, managed actions, UpdateApplication,
//     UpdateApplicationVersion, ComposeEnvironments, environment info,
//     storage locations, operations roles) get an InvalidAction (400).
//     Parameters the package does not take (PlatformArn, an
//     environment's OptionsToRemove,
//     UpdateEnvironment's TemplateName and Tier,
//     ValidateConfigurationSettings' TemplateName, …) are ignored.
//     An application version is described without its SourceBundle, an
//     environment's Tier without its Version, and the health operations'
//     AttributeNames and DescribeEnvironments' IncludedDeletedBackTo are
//     ignored: every member the package reports is written.
package server
