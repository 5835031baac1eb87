-- Remove the named imported indicators (a re-import replaces an indicator entirely).
delete from external_indicators where list_contains($names, indicator)
