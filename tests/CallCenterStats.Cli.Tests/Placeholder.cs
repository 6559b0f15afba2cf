namespace CallCenterStats.Cli.Tests;
