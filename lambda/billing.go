package lambda

import "time"

// Prices is the price table costs are computed from, in US dollars.
type Prices struct {
	PerRequest       float64 // per invocation
	PerGBSecondX86   float64 // per GB-second of billed duration, x86_64
	PerGBSecondArm64 float64 // per GB-second of billed duration, arm64
	// ProvisionedPerGBSecond is the price of provisioned concurrency per
	// GB-second allocated; ProvisionedDurationPerGBSecond replaces the
	// duration price for invocations that run on provisioned environments.
	// Both apply to either architecture.
	ProvisionedPerGBSecond         float64
	ProvisionedDurationPerGBSecond float64
}

// DefaultPrices are the us-east-1 list prices of the first pricing tier:
// $0.20 per million requests, $0.0000166667 per GB-second on x86_64 and
// $0.0000133334 on arm64; provisioned concurrency $0.0000041667 per
// GB-second allocated and $0.0000097222 per GB-second of duration (the
// x86_64 figures). The free tier and volume discounts are not applied.
var DefaultPrices = Prices{
	PerRequest:                     0.20 / 1e6,
	PerGBSecondX86:                 0.0000166667,
	PerGBSecondArm64:               0.0000133334,
	ProvisionedPerGBSecond:         0.0000041667,
	ProvisionedDurationPerGBSecond: 0.0000097222,
}

// billedDuration rounds a duration up to the next millisecond, and to one
// millisecond at least, as Lambda bills.
func billedDuration(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return time.Millisecond
	}
	return (d + time.Millisecond - 1).Truncate(time.Millisecond)
}

// gbSeconds is the memory-time a billed duration uses.
func gbSeconds(memoryMB int, billed time.Duration) float64 {
	return float64(memoryMB) / 1024 * billed.Seconds()
}

// cost is the price of one invocation.
func (p Prices) cost(arch string, gbs float64, provisioned bool) float64 {
	perGBs := p.PerGBSecondX86
	switch {
	case provisioned:
		perGBs = p.ProvisionedDurationPerGBSecond
	case arch == "arm64":
		perGBs = p.PerGBSecondArm64
	}
	return p.PerRequest + gbs*perGBs
}

// FunctionStats are a function's running totals, across all its versions.
// Later packages and simulations read them as metrics.
type FunctionStats struct {
	Invocations int
	Errors      int // function errors and timeouts
	Throttles   int
	ColdStarts  int
	// Duration and BilledDuration add up every invocation's; BilledDuration
	// includes the Init phase of cold starts.
	Duration       time.Duration
	BilledDuration time.Duration
	GBSeconds      float64
	Cost           float64 // in US dollars, from the service's Prices
	// ConcurrentExecutions is the number of environments busy now;
	// PeakConcurrentExecutions the most there were at once.
	ConcurrentExecutions     int
	PeakConcurrentExecutions int
	// DestinationDeliveryFailures counts invocation records a destination
	// did not accept; DeadLetterErrors events the dead-letter queue did not.
	DestinationDeliveryFailures int
	DeadLetterErrors            int
	// ProvisionedConcurrencyInvocations ran on provisioned environments;
	// ProvisionedConcurrencySpilloverInvocations ran on-demand while the
	// version had provisioned concurrency. ProvisionedConcurrencyCost, the
	// price of allocated provisioned concurrency, is part of Cost.
	ProvisionedConcurrencyInvocations          int
	ProvisionedConcurrencySpilloverInvocations int
	ProvisionedConcurrencyCost                 float64
}
