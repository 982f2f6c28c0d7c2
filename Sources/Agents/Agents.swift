/// The agent loop and the launcher.
