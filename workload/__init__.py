"""Workload and staffing beside burnout: weekly operational figures per team (the metric
catalogue ``metrics.csv``, storage, the CSV importer), the figures derived from them, Erlang C
for phone teams and staffing scenarios. Operational data, not survey answers: the anonymity
threshold does not apply to it, but survey figures shown beside it come from releases only
(``insights``)."""
