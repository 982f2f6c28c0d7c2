/// The sweep file and the samplers; see SweepFile.
