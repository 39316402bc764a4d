"""What Prefect runs: the nightly flow, by path (prefect.yaml's entrypoint
``flows/pipeline.py:hibah_flow``). It is defined in the hibah package (hibah/pipeline.py),
which `hibah run` and `hibah serve` run as well."""

from hibah.pipeline import hibah_flow

__all__ = ["hibah_flow"]
