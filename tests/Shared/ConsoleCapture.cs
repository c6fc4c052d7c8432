// The hosts under test log warnings and errors to the console (the samples' and the demo's default). Captured, they
// land in the output of the test that started the host, so a failing test shows the exception behind a 500.
[assembly: CaptureConsole]
