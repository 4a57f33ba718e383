package sim

// SetSmallQueue sets the number of events c keeps in a heap before it
// moves them into a radix heap, so that tests of the exported API cover
// both, and the moves between them, with few events.
func SetSmallQueue(c *Clock, n int) { c.events.small = n }
