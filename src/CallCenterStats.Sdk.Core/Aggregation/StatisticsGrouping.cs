namespace CallCenterStats.Sdk.Aggregation;

/// <summary>How statistics records are grouped at the first level.</summary>
public enum StatisticsGrouping
{
    /// <summary>One group per agent, each holding that agent's time buckets.</summary>
    ByAgent = 0,

    /// <summary>One group per time bucket, each holding the agents' figures for that bucket.</summary>
    ByPeriod,
}
