// ccstats: being written.
return 0;
