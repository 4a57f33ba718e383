package lambda_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// pcSetup makes function "f" (1,024 MB, 1 s invocations, 2 s init) with
// version 1 and alias "live" on it.
func pcSetup(t *testing.T) (*lambda.Service, *sim.Clock) {
	t.Helper()
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	svc := lambda.New(lambda.WithClock(clk), lambda.WithHistory())
	_, err := svc.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "f", Role: "arn:aws:iam::000000000000:role/r", MemorySize: 1024, Publish: true,
		Code: lambda.Code{
			Handler:  func(context.Context, []byte) ([]byte, error) { return nil, nil },
			Duration: lambda.FixedDuration(time.Second), InitDuration: 2 * time.Second,
		},
	})
	require.NoError(t, err)
	_, err = svc.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: "f", Name: "live", FunctionVersion: "1"})
	require.NoError(t, err)
	return svc, clk
}

func pcPut(t *testing.T, svc *lambda.Service, qualifier string, n int) (*lambda.ProvisionedConcurrencyConfig, error) {
	t.Helper()
	return svc.PutProvisionedConcurrencyConfig(context.Background(), &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: "f", Qualifier: qualifier, ProvisionedConcurrentExecutions: n,
	})
}

func pcInvoke(t *testing.T, svc *lambda.Service, qualifier string) lambda.Invocation {
	t.Helper()
	_, err := svc.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: "f", Qualifier: qualifier})
	require.NoError(t, err)
	invs := svc.Inspect().Invocations()
	return invs[len(invs)-1]
}

// Provisioned concurrency is IN_PROGRESS when requested and READY once
// allocated, a minute or two later (AWS Lambda Developer Guide:
// "Configuring provisioned concurrency for a function").
func TestProvisionedConcurrencyBecomesReady(t *testing.T) {
	svc, clk := pcSetup(t)
	out, err := pcPut(t, svc, "live", 2)
	require.NoError(t, err)
	assert.Equal(t, lambda.ProvisionedInProgress, out.Status)
	assert.Equal(t, 2, out.RequestedProvisionedConcurrentExecutions)
	assert.Zero(t, out.AvailableProvisionedConcurrentExecutions)
	assert.Equal(t, "arn:aws:lambda:us-east-1:000000000000:function:f:live", out.FunctionArn)

	clk.Advance(time.Minute)
	got, err := svc.GetProvisionedConcurrencyConfig(context.Background(), &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: "f", Qualifier: "live"})
	require.NoError(t, err)
	assert.Equal(t, lambda.ProvisionedReady, got.Status)
	assert.Equal(t, 2, got.AllocatedProvisionedConcurrentExecutions)
	assert.Equal(t, 2, got.AvailableProvisionedConcurrentExecutions)
}

// Invocations run on provisioned environments warm, without a cold start;
// beyond them they spill over to on-demand environments, which start cold.
func TestProvisionedEnvironmentsServeInvocationsWarm(t *testing.T) {
	svc, clk := pcSetup(t)
	_, err := pcPut(t, svc, "live", 2)
	require.NoError(t, err)
	clk.Advance(time.Minute)

	first, second := pcInvoke(t, svc, "live"), pcInvoke(t, svc, "live")
	assert.False(t, first.ColdStart)
	assert.False(t, second.ColdStart)
	assert.Equal(t, time.Second, first.End.Sub(first.Start), "no Init phase")
	third := pcInvoke(t, svc, "live") // overlaps the first two
	assert.True(t, third.ColdStart, "spillover to an on-demand environment")

	st, _ := svc.Inspect().Stats("f")
	assert.Equal(t, 2, st.ProvisionedConcurrencyInvocations)
	assert.Equal(t, 1, st.ProvisionedConcurrencySpilloverInvocations)

	clk.Advance(24 * time.Hour) // provisioned environments are never reaped
	assert.False(t, pcInvoke(t, svc, "1").ColdStart, "the alias's version uses them too")
}

// Provisioned concurrency goes on a published version or an alias only,
// and not beyond the function's reserved concurrency (AWS Lambda API
// Reference: PutProvisionedConcurrencyConfig).
func TestProvisionedConcurrencyValidation(t *testing.T) {
	svc, _ := pcSetup(t)
	_, err := pcPut(t, svc, "$LATEST", 1)
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	assert.Equal(t, "Provisioned Concurrency Configs cannot be applied to unpublished function versions.", err.(*lambda.Error).Message)
	_, err = pcPut(t, svc, "", 1)
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	assert.Equal(t, "The function resource provided must be an alias or a published version.", err.(*lambda.Error).Message)
	_, err = pcPut(t, svc, "live", 0)
	require.ErrorIs(t, err, lambda.ErrValidationException)
	_, err = pcPut(t, svc, "9", 1)
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)

	_, err = svc.PutFunctionConcurrency(context.Background(), &lambda.PutFunctionConcurrencyInput{FunctionName: "f", ReservedConcurrentExecutions: 3})
	require.NoError(t, err)
	_, err = pcPut(t, svc, "live", 4)
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	_, err = pcPut(t, svc, "live", 3)
	require.NoError(t, err)
	_, err = svc.PutFunctionConcurrency(context.Background(), &lambda.PutFunctionConcurrencyInput{FunctionName: "f", ReservedConcurrentExecutions: 2})
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException, "reserved below provisioned")

	list, err := svc.ListProvisionedConcurrencyConfigs(context.Background(), &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: "f"})
	require.NoError(t, err)
	require.Len(t, list.ProvisionedConcurrencyConfigs, 1)
	_, err = svc.DeleteProvisionedConcurrencyConfig(context.Background(), &lambda.DeleteProvisionedConcurrencyConfigInput{FunctionName: "f", Qualifier: "live"})
	require.NoError(t, err)
	_, err = svc.GetProvisionedConcurrencyConfig(context.Background(), &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: "f", Qualifier: "live"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
}

// Deleting the configuration releases the environments: the next
// invocation starts cold.
func TestDeletingProvisionedConcurrencyReleasesEnvironments(t *testing.T) {
	svc, clk := pcSetup(t)
	_, err := pcPut(t, svc, "live", 1)
	require.NoError(t, err)
	clk.Advance(time.Minute)
	require.False(t, pcInvoke(t, svc, "live").ColdStart)
	clk.Advance(time.Minute)
	_, err = svc.DeleteProvisionedConcurrencyConfig(context.Background(), &lambda.DeleteProvisionedConcurrencyConfigInput{FunctionName: "f", Qualifier: "live"})
	require.NoError(t, err)
	assert.True(t, pcInvoke(t, svc, "live").ColdStart)
}

// Allocated provisioned concurrency is billed per GB-second from READY on,
// and invocations on it at the provisioned duration price.
func TestProvisionedConcurrencyIsBilled(t *testing.T) {
	svc, clk := pcSetup(t)
	_, err := pcPut(t, svc, "live", 2)
	require.NoError(t, err)
	clk.Advance(time.Minute)
	pcInvoke(t, svc, "live")
	clk.Advance(time.Hour)

	st, _ := svc.Inspect().Stats("f")
	allocated := 2 * 1.0 * 3600 * lambda.DefaultPrices.ProvisionedPerGBSecond // 2 environments of 1 GB for an hour
	assert.InDelta(t, allocated, st.ProvisionedConcurrencyCost, 1e-9)
	invocation := lambda.DefaultPrices.PerRequest + 1.0*1*lambda.DefaultPrices.ProvisionedDurationPerGBSecond
	assert.InDelta(t, allocated+invocation, st.Cost, 1e-9)
	assert.False(t, math.IsNaN(st.Cost))
}
