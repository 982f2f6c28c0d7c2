import Testing

@Test func agentstestsBuilds() {}
