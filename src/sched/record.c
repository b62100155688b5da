/*
 * record.c - the names of the record kinds; see record.h.
 */
#include "sched/record.h"

const char *record_kind_name(enum record_kind k)
{
	switch (k) {
	case REC_ARRIVE:
		return "arrive";
	case REC_DISPATCH:
		return "dispatch";
	case REC_PREEMPT:
		return "preempt";
	case REC_EXPIRE:
		return "expire";
	case REC_YIELD:
		return "yield";
	case REC_BLOCK:
		return "block";
	case REC_WAKE:
		return "wake";
	case REC_EXIT:
		return "exit";
	case REC_IDLE:
		return "idle";
	case REC_RUN:
		return "run";
	case REC_REJECT:
		return "reject";
	case REC_QUEUE:
		return "queue";
	case REC_MEMORY:
		return "memory";
	case REC_MIGRATE:
		return "migrate";
	case REC_LOAD:
		return "load";
	case REC__COUNT:
		break;
	}
	return "?";
}
