module github.com/awssim/awssim

go 1.26.0

require (
	github.com/aws/aws-lambda-go v1.55.1
	github.com/aws/smithy-go v1.28.9
	github.com/benbjohnson/clock v1.3.5
	github.com/google/uuid v1.6.0
	github.com/stretchr/testify v1.12.1
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect
