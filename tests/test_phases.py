"""The capture's phase clock: each phase counts its own time, so the breakdown adds up."""

from __future__ import annotations

import threading
import time

from builder.capture.phases import PHASES, PhaseClock


def test_a_phase_inside_another_is_taken_out_of_it() -> None:
    clock = PhaseClock()
    with clock.phase("screenshot"):
        time.sleep(0.02)
        with clock.phase("check: labels"):
            time.sleep(0.05)
    assert 0.045 <= clock.seconds["check: labels"] < 0.2
    assert 0.015 <= clock.seconds["screenshot"] < 0.045  # the labels' 50 ms are not counted twice
    assert abs(clock.total() - (clock.seconds["screenshot"] + clock.seconds["check: labels"])) < 1e-9


def test_threads_add_their_own_time_and_a_failing_phase_still_counts() -> None:
    clock = PhaseClock()

    def work() -> None:
        with clock.phase("encode"):
            time.sleep(0.03)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert clock.seconds["encode"] >= 0.085  # thread-seconds: three workers' worth
    try:
        with clock.phase("settle"):
            time.sleep(0.01)
            raise TimeoutError
    except TimeoutError:
        pass
    assert clock.seconds["settle"] >= 0.009
    assert clock.call("write", lambda a, b: a + b, 2, 3) == 5 and clock.seconds["write"] > 0


def test_every_phase_of_the_breakdown_starts_at_zero() -> None:
    assert set(PhaseClock().seconds) == set(PHASES) and not any(PhaseClock().seconds.values())
