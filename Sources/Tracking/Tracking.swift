/// The run store; see RunStore.
