// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

/// @dev Cheatcodes newer than forge-std 1.1.2's `Vm` interface; forge serves them at the same address.
interface VmExtra {
    function toString(uint256 value) external pure returns (string memory);
    function toString(address value) external pure returns (string memory);
    function toString(bytes32 value) external pure returns (string memory);
}

/// @title TestBase
/// @notice The slice of forge-std's `Test` these suites use. forge-std on npm (1.1.2) ships a `Test.sol`
///         that needs the unpublished ds-test, so only its cheatcode interface (`Vm.sol`) is imported.
///         Assertions revert, which is how forge fails a test; invariant targets follow forge's
///         `targetContracts()` convention.
abstract contract TestBase {
    /// @dev The cheatcode address forge serves `Vm` at.
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev The same cheatcode address, for the cheatcodes `Vm` 1.1.2 lacks.
    VmExtra internal constant vmx = VmExtra(address(vm));

    /// @dev Contracts whose functions an invariant run calls.
    address[] private _targetContracts;

    /// @notice Read by forge to pick invariant targets.
    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    function fail(string memory message) internal pure {
        revert(string.concat("assertion failed: ", message));
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) fail(message);
    }

    function assertEq(uint256 actual, uint256 expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vmx.toString(expected), ", got ", vmx.toString(actual)));
        }
    }

    function assertEq(address actual, address expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vmx.toString(expected), ", got ", vmx.toString(actual)));
        }
    }

    function assertEq(bytes32 actual, bytes32 expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vmx.toString(expected), ", got ", vmx.toString(actual)));
        }
    }

    function assertLe(uint256 actual, uint256 limit, string memory message) internal pure {
        if (actual > limit) {
            fail(string.concat(message, ": ", vmx.toString(actual), " > ", vmx.toString(limit)));
        }
    }

    /// @dev Maps any `x` into [min, max] uniformly enough for fuzzing, keeping small inputs small.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }
}
