// Package sdktest holds conformance tests that run the real AWS SDK for Go
// v2 against awssim's wire-protocol server, in process. It is a module of
// its own so that the core module keeps its few dependencies; it has no
// code but its tests.
package sdktest
