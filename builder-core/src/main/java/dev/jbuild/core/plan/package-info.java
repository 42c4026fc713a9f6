/**
 * The planner: a checked Dockerfile becomes a build plan, stages with their dependencies and
 * filesystem steps with their variables expanded, in plan-owned records.
 */
package dev.jbuild.core.plan;
