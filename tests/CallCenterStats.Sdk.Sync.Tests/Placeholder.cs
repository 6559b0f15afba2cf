namespace CallCenterStats.Sdk.Sync.Tests;
