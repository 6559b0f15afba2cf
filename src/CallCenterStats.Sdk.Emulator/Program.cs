using CallCenterStats.Sdk.Emulator;

// dotnet run --project src/CallCenterStats.Sdk.Emulator -- --port 5080 --agents 50 --days 31 --seed 7 [--rate-limit-rate 0.1 …]
return await EmulatorCommandLine.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
