/** Reading and writing API objects so that no stored object, however malformed, can stop a Kubicle process. */
package dev.kubicle.api.serialization;
